import * as React from 'react';
import {
  Button,
  Divider,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import {
  unstable_useContentManagerContext as useContentManagerContext,
  useForm,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import {
  INTENTS,
  stageStyle,
  useLocalName,
  type EditorJourney,
  type EditorStage,
} from '../journeys';
import { useEditorJourneys } from '../api/journeys';
import { useEditorTagsQuery } from '../api/tags';
import { getTranslation } from '../utils/getTranslation';
import { IntentSuggestion } from './IntentSuggestion';
import { queryField } from './demand/query-field';

const STAGES = 'journeyStages';
const INTENT = 'searchIntent';

interface RelationItem {
  id: number;
  apiData?: { id: number; documentId: string; locale?: string | null };
  [key: string]: unknown;
}

interface RelationValue {
  connect?: RelationItem[];
  disconnect?: RelationItem[];
}

interface PanelProps {
  model: string;
  documentId?: string;
  document?: { updatedAt?: string; locale?: string | null; searchIntent?: string | null } | null;
}

const contentLocale = () =>
  new URLSearchParams(window.location.search).get('plugins[i18n][locale]') ?? undefined;

/**
 * Prefill from "Create a draft here" on the coverage page (and "Create a draft from this query"
 * in its demand drill-down, which adds the query as `journeyTitle`). Read once, when the create
 * view opens, so that navigating inside the content manager cannot apply it twice.
 */
const readPrefill = () => {
  const params = new URLSearchParams(window.location.search);
  return {
    stage: params.get('journeyStage'),
    intent: params.get('journeyIntent'),
    title: params.get('journeyTitle'),
  };
};

/**
 * The stage ids saved on the entry. A save invalidates them (the content manager's mutations
 * invalidate the journey tags); the version keys them to the saved document all the same.
 */
const useSavedStageIds = (model: string, documentId: string | undefined, version?: string) => {
  const saved = documentId && documentId !== 'create' ? documentId : undefined;
  const { data } = useEditorTagsQuery(
    { contentType: model, documentIds: saved ?? '', locale: contentLocale(), version },
    { skip: !saved }
  );
  return (saved && data?.[saved]) || NO_IDS;
};

const NO_IDS: number[] = [];

const StageChip = ({
  stage,
  selected,
  onToggle,
}: {
  stage: EditorStage;
  selected: boolean;
  onToggle: () => void;
}) => {
  const localName = useLocalName();
  return (
    <Button
      size="S"
      variant={selected ? 'secondary' : 'tertiary'}
      aria-pressed={selected}
      data-testid={`journey-stage-${stage.key}`}
      startIcon={<span style={stageStyle(stage.colour)} />}
      onClick={onToggle}
    >
      {localName(stage)}
    </Button>
  );
};

/**
 * The fields are hidden from the content manager (`visible: false`), so its form starts without
 * them: the saved intent comes from the document until the editor picks one in the panel.
 */
const currentIntent = (values: Record<string, unknown>, document: PanelProps['document']) =>
  ((INTENT in values ? values[INTENT] : document?.searchIntent) as string | null | undefined) ??
  null;

/** Opted-in types carry the flag; the fields themselves are left out of the admin's schema. */
const isJourneyAware = (contentType: unknown) =>
  (contentType as { pluginOptions?: { journey?: { enabled?: boolean } } } | undefined)
    ?.pluginOptions?.journey?.enabled === true;

const JourneyFields = ({ model, documentId, document }: PanelProps) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(id), defaultMessage });
  const localName = useLocalName();
  const { journeys, failed } = useEditorJourneys(model);
  const values = useForm('JourneyPanel', (state) => state.values) as Record<string, unknown>;
  const onChange = useForm('JourneyPanel', (state) => state.onChange);
  const saved = useSavedStageIds(model, documentId, document?.updatedAt);
  const { contentType, layout } = useContentManagerContext();
  const relation = (values[STAGES] ?? {}) as RelationValue;
  const connect = relation.connect ?? [];
  const disconnect = relation.disconnect ?? [];
  const selected = new Set(
    [...saved, ...connect.map((r) => r.id)].filter((id) => !disconnect.some((r) => r.id === id))
  );

  const setStage = (stage: EditorStage, on: boolean) => {
    const inConnect = connect.some((r) => r.id === stage.id);
    const inDisconnect = disconnect.some((r) => r.id === stage.id);
    const apiData = { id: stage.id, documentId: stage.documentId, locale: null };
    let next: RelationValue;
    if (on) {
      next = inDisconnect
        ? { connect, disconnect: disconnect.filter((r) => r.id !== stage.id) }
        : {
            // The shape the content manager's own relation input writes, so both stay in step.
            connect: [
              ...connect,
              {
                id: stage.id,
                apiData: { ...apiData, isTemporary: true } as RelationItem['apiData'],
                documentId: stage.documentId,
                key: stage.key,
                label: stage.key,
                href: `../collection-types/plugin::journey.stage/${stage.documentId}`,
                __temp_key__: `z${String(stage.id).padStart(8, '0')}`,
              },
            ],
            disconnect,
          };
    } else {
      next = inConnect
        ? { connect: connect.filter((r) => r.id !== stage.id), disconnect }
        : { connect, disconnect: [...disconnect, { id: stage.id, apiData }] };
    }
    onChange(STAGES, next);
  };

  // "Create a draft here": set the cell's stage and intent once, in the new entry's form, as
  // soon as the journeys are known; later renders must not apply it again.
  const prefill = React.useRef(documentId && documentId !== 'create' ? null : readPrefill());
  React.useEffect(() => {
    const wanted = prefill.current;
    if (!wanted || !journeys) return;
    prefill.current = null;
    if (wanted.stage) {
      const [journeyKey, stageKey] = wanted.stage.split('.');
      const stage = journeys
        .find((j) => j.key === journeyKey)
        ?.stages.find((s) => s.key === stageKey);
      if (stage && !selected.has(stage.id)) setStage(stage, true);
    }
    if (wanted.intent && (INTENTS as readonly string[]).includes(wanted.intent)) {
      onChange(INTENT, wanted.intent);
    }
    const field = wanted.title
      ? queryField(
          contentType?.attributes as Record<string, { type?: string }> | undefined,
          layout?.list?.settings?.mainField
        )
      : null;
    // Only into an empty field: the editor may have typed before the journeys arrived.
    if (wanted.title && field && !values[field]) onChange(field, wanted.title);
  }, [journeys]);

  const intentName = (intent: string) =>
    formatMessage({ id: getTranslation(`intent.${intent}`), defaultMessage: intent });
  const intent = currentIntent(values, document);

  if (failed) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('panel.unavailable', 'Journeys could not be loaded.')}
      </Typography>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      {(journeys ?? []).map((journey: EditorJourney) => (
        <Flex
          key={journey.key}
          direction="column"
          alignItems="stretch"
          gap={2}
          data-testid={`journey-panel-${journey.key}`}
        >
          <Typography variant="sigma" textColor="neutral600">
            {localName(journey)}
          </Typography>
          <Flex gap={2} wrap="wrap">
            {journey.stages.map((stage) => (
              <StageChip
                key={stage.id}
                stage={stage}
                selected={selected.has(stage.id)}
                onToggle={() => setStage(stage, !selected.has(stage.id))}
              />
            ))}
          </Flex>
        </Flex>
      ))}
      <Field.Root name="journey-search-intent">
        <Field.Label>{t('panel.intent', 'Search intent')}</Field.Label>
        <SingleSelect
          placeholder={t('panel.noIntent', 'No intent')}
          value={intent ?? ''}
          onChange={(value: string | number) => onChange(INTENT, String(value) || null)}
          onClear={() => onChange(INTENT, null)}
          data-testid="journey-intent-select"
        >
          {INTENTS.map((i) => (
            <SingleSelectOption key={i} value={i}>
              {intentName(i)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Divider />
      <Typography variant="sigma" textColor="neutral600">
        {t('suggestion.title', 'Search intent suggestion')}
      </Typography>
      <IntentSuggestion model={model} current={intent} />
    </Flex>
  );
};

/**
 * Edit-view side panel: the entry's journey stages, grouped per journey, and its search intent,
 * with a suggestion from the title. Every change goes into the form, in the same draft as the
 * rest of the entry; nothing is saved until the editor saves.
 */
export const JourneyPanel = (props: PanelProps) => {
  const { formatMessage } = useIntl();
  const { contentType } = useContentManagerContext();
  if (!isJourneyAware(contentType)) return null;
  return {
    title: formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Journey' }),
    content: <JourneyFields {...props} />,
  };
};
