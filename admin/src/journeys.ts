import { useIntl } from 'react-intl';

// One list of intents for the server and the admin, from the pure domain code.
export { INTENTS, type Intent } from '../../server/src/domain/intents';

export interface EditorStage {
  id: number;
  documentId: string;
  key: string;
  name: string;
  names: Record<string, string> | null;
  colour: string | null;
}

export interface EditorJourney {
  key: string;
  name: string;
  names: Record<string, string> | null;
  stages: EditorStage[];
}

/** The admin's language as a journey language: Norwegian admins read the `nb` names. */
export const useLanguage = () => {
  const { locale } = useIntl();
  const lang = locale.split('-')[0];
  return lang === 'no' ? 'nb' : lang;
};

export const useLocalName = () => {
  const lang = useLanguage();
  return (item: { name: string; names?: Record<string, string> | null }) =>
    item.names?.[lang] || item.name;
};

/** A stage's colour as a small round mark; the name beside it carries the meaning. */
export const stageStyle = (colour: string | null) => ({
  display: 'inline-block',
  width: '0.8rem',
  height: '0.8rem',
  borderRadius: '50%',
  background: colour ?? '#8E8EA9',
  flexShrink: 0,
});
