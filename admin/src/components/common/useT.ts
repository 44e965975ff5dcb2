import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';

export type Translate = (
  id: string,
  defaultMessage: string,
  values?: Record<string, string | number>
) => string;

/** The plugin's messages by their short id ('coverage.title'), with the English default beside. */
export const useT = (): Translate => {
  const { formatMessage } = useIntl();
  return (id, defaultMessage, values) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
};
