import * as React from 'react';
import { Badge, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useFetchClient, useField } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import {
  INTENTS,
  fetchEditorJourneys,
  stageStyle,
  useEditorJourneys,
  useLocalName,
  type EditorStage,
} from '../journeys';
import { getTranslation } from '../utils/getTranslation';

type Get = ReturnType<typeof useFetchClient>['get'];

interface Row {
  documentId: string;
  locale?: string | null;
  updatedAt?: string;
  searchIntent?: string | null;
}

/*
 * The list returns only a count for relations. Each cell asks for its row's stages; the asks of
 * one render are gathered into one request per page, and answers are kept per row version.
 */
const tagCache = new Map<string, Promise<number[]>>();
const queued = new Map<string, Map<string, (ids: number[]) => void>>();

const flush = (get: Get, model: string, locale: string | undefined, batchKey: string) => {
  const batch = queued.get(batchKey);
  queued.delete(batchKey);
  if (!batch) return;
  const ids = [...batch.keys()];
  get<{ data: Record<string, number[]> }>('/journey/editor/tags', {
    params: { contentType: model, documentIds: ids.join(','), ...(locale ? { locale } : {}) },
  })
    .then(({ data }) => ids.forEach((id) => batch.get(id)?.(data.data[id] ?? [])))
    .catch(() => ids.forEach((id) => batch.get(id)?.([])));
};

const loadTags = (get: Get, model: string, row: Row) => {
  const locale = row.locale ?? undefined;
  const cacheKey = `${model}|${locale}|${row.documentId}|${row.updatedAt}`;
  const cached = tagCache.get(cacheKey);
  if (cached) return cached;
  const batchKey = `${model}|${locale}`;
  const promise = new Promise<number[]>((resolve) => {
    if (!queued.has(batchKey)) {
      queued.set(batchKey, new Map());
      setTimeout(() => flush(get, model, locale, batchKey), 0);
    }
    queued.get(batchKey)?.set(row.documentId, resolve);
  });
  tagCache.set(cacheKey, promise);
  return promise;
};

export const StagesCell = ({ row, model }: { row: Row; model: string }) => {
  const { get } = useFetchClient();
  const localName = useLocalName();
  const [stages, setStages] = React.useState<EditorStage[] | null>(null);
  React.useEffect(() => {
    let cancelled = false;
    Promise.all([fetchEditorJourneys(get, model), loadTags(get, model, row)])
      .then(([journeys, ids]) => {
        const all = journeys.flatMap((j) => j.stages);
        if (!cancelled) setStages(all.filter((s) => ids.includes(s.id)));
      })
      .catch(() => !cancelled && setStages([]));
    return () => {
      cancelled = true;
    };
  }, [get, model, row]);
  if (!stages) return null;
  if (!stages.length) {
    return <Typography textColor="neutral500">-</Typography>;
  }
  return (
    <Flex gap={1} wrap="wrap" data-testid={`journey-stages-${row.documentId}`}>
      {stages.map((stage) => (
        <Badge key={stage.id}>
          <Flex gap={1} tag="span">
            <span style={stageStyle(stage.colour)} />
            {localName(stage)}
          </Flex>
        </Badge>
      ))}
    </Flex>
  );
};

export const IntentCell = ({ row }: { row: Row }) => {
  const { formatMessage } = useIntl();
  if (!row.searchIntent) return <Typography textColor="neutral500">-</Typography>;
  return (
    <Badge>
      {formatMessage({
        id: getTranslation(`intent.${row.searchIntent}`),
        defaultMessage: row.searchIntent,
      })}
    </Badge>
  );
};

/** The list-view filter on stages: a choice of the type's journeys' stages, by key. */
export const StageFilterInput = ({ name }: { name: string }) => {
  const { slug } = useParams<{ slug: string }>();
  const { formatMessage } = useIntl();
  const localName = useLocalName();
  const { journeys } = useEditorJourneys(slug);
  const field = useField(name);
  const keys = new Map<string, EditorStage[]>();
  for (const journey of journeys ?? []) {
    for (const stage of journey.stages)
      keys.set(stage.key, [...(keys.get(stage.key) ?? []), stage]);
  }
  return (
    <SingleSelect
      aria-label={formatMessage({
        id: getTranslation('list.filterStage'),
        defaultMessage: 'Journey stage to filter on',
      })}
      value={(field.value as string | undefined) ?? ''}
      onChange={(value: string | number) => field.onChange(name, String(value))}
    >
      {[...keys.entries()].map(([key, stages]) => (
        <SingleSelectOption
          key={key}
          value={key}
          startIcon={<span style={stageStyle(stages[0].colour)} />}
        >
          {localName(stages[0])}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
};

export const IntentFilterInput = ({ name }: { name: string }) => {
  const { formatMessage } = useIntl();
  const field = useField(name);
  return (
    <SingleSelect
      aria-label={formatMessage({
        id: getTranslation('list.filterIntent'),
        defaultMessage: 'Search intent to filter on',
      })}
      value={(field.value as string | undefined) ?? ''}
      onChange={(value: string | number) => field.onChange(name, String(value))}
    >
      {INTENTS.map((intent) => (
        <SingleSelectOption key={intent} value={intent}>
          {formatMessage({ id: getTranslation(`intent.${intent}`), defaultMessage: intent })}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
};
