import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
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

type Get = ReturnType<typeof useFetchClient>['get'];

// Shared by every list-view cell and the edit-view panel of a type: one request, not one per row.
const journeysCache = new Map<string, { at: number; promise: Promise<EditorJourney[]> }>();
const CACHE_MS = 30_000;

export const fetchEditorJourneys = (get: Get, model: string) => {
  const cached = journeysCache.get(model);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.promise;
  const promise = get<{ data: EditorJourney[] }>('/journey/editor/journeys', {
    params: { contentType: model },
  }).then(({ data }) => data.data);
  promise.catch(() => journeysCache.delete(model));
  journeysCache.set(model, { at: Date.now(), promise });
  return promise;
};

export const useEditorJourneys = (model: string | undefined) => {
  const { get } = useFetchClient();
  const [journeys, setJourneys] = React.useState<EditorJourney[] | null>(null);
  const [failed, setFailed] = React.useState(false);
  React.useEffect(() => {
    if (!model) return undefined;
    let cancelled = false;
    fetchEditorJourneys(get, model)
      .then((data) => !cancelled && setJourneys(data))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [get, model]);
  return { journeys, failed };
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
