import { useIntl } from 'react-intl';
import { namesLanguageOf } from './utils/languages';

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
export const useLanguage = () => namesLanguageOf(useIntl().locale);

/** A journey's or stage's name in the admin's language, else its default name. */
export const localNameOf =
  (lang: string) => (item: { name: string; names?: Record<string, string> | null }) =>
    item.names?.[lang] || item.name;

export const useLocalName = () => localNameOf(useLanguage());

/** A stage's colour as a small round mark; the name beside it carries the meaning. */
export const stageStyle = (colour: string | null) => ({
  display: 'inline-block',
  width: '0.8rem',
  height: '0.8rem',
  borderRadius: '50%',
  background: colour ?? '#8E8EA9',
  flexShrink: 0,
});
