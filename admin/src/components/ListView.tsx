import * as React from 'react';
import { Badge, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useField, useTable } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { INTENTS, stageStyle, useLocalName, type EditorStage } from '../journeys';
import { useEditorJourneys } from '../api/journeys';
import { useEditorTagsQuery } from '../api/tags';
import { getTranslation } from '../utils/getTranslation';

interface Row {
  documentId: string;
  locale?: string | null;
  updatedAt?: string;
  searchIntent?: string | null;
}

const NO_IDS: number[] = [];

/*
 * The list returns only a count for relations, so the stages come from the journey routes. Every
 * cell of a page asks the same question, the page's rows of its locale sorted by documentId:
 * one cache entry and one request per page, and a new one when a row is saved (its updatedAt is
 * in the version).
 */
const usePageTags = (model: string, row: Row) => {
  const rows = useTable('JourneyStagesCell', (state) => state.rows, false) as Row[] | undefined;
  const locale = row.locale ?? undefined;
  const args = React.useMemo(() => {
    const all = rows?.some((r) => r.documentId === row.documentId) ? rows : [row];
    const page = all
      .filter((r) => r.documentId && (r.locale ?? undefined) === locale)
      .sort((a, b) => a.documentId.localeCompare(b.documentId));
    return {
      contentType: model,
      locale,
      documentIds: page.map((r) => r.documentId).join(','),
      version: page.map((r) => r.updatedAt ?? '').join(','),
    };
  }, [rows, row, locale, model]);
  // currentData: a new page or version shows nothing until its own answer, not the last page's.
  const { currentData, isError } = useEditorTagsQuery(args);
  return { ids: currentData && (currentData[row.documentId] ?? NO_IDS), failed: isError };
};

export const StagesCell = ({ row, model }: { row: Row; model: string }) => {
  const localName = useLocalName();
  const { journeys, failed: journeysFailed } = useEditorJourneys(model);
  const { ids, failed: tagsFailed } = usePageTags(model, row);
  const failed = journeysFailed || tagsFailed;
  const stages =
    failed || (journeys && ids)
      ? (journeys ?? []).flatMap((j) => j.stages).filter((s) => (ids ?? []).includes(s.id))
      : null;
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
