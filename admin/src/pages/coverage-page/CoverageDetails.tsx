import { Box, Typography } from '@strapi/design-system';
import type { CoverageMatrix } from '../../../../server/src/domain/coverage';
import type { Coverage, CoverageStage } from '../../api/coverage';
import type { Locale } from '../../api/lookups';
import { DataTable, useT } from '../../components/common';
import { stageSummaries, type Column } from '../coverage-view';
import {
  columnNameOf,
  countIn,
  StageLabel,
  Link,
  useStageName,
  type CoverageState,
} from './shared';

interface DetailsProps {
  coverage: Coverage;
  matrix: CoverageMatrix;
  state: CoverageState;
  locales: Locale[];
  /** The locale filter; without one, the per-locale table and lines are shown. */
  locale?: string;
}

const Panel = ({ children }: { children: React.ReactNode }) => (
  <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
    {children}
  </Box>
);

/** "At a glance": the stages with nothing, the languages a stage lacks, the intents it misses. */
export const CoverageSummary = ({ coverage, matrix, locales, locale }: DetailsProps) => {
  const t = useT();
  const stageName = useStageName();
  const columnName = columnNameOf(t);
  const stages = coverage.journey.stages;
  const summaries = stageSummaries(
    coverage.cells,
    stages.map((s) => s.key),
    locale ? [] : locales.map((l) => l.code),
    matrix
  );
  const text = (line: (typeof summaries)[number]) => {
    const stage = stageName(stages.find((s) => s.key === line.stage) as CoverageStage);
    if (line.kind === 'empty') {
      return t('coverage.line.empty', '{stage}: no published content', { stage });
    }
    if (line.kind === 'locale') {
      return t('coverage.line.locale', '{stage}: no {locale} content', {
        stage,
        locale: locales.find((l) => l.code === line.detail)?.name ?? line.detail ?? '',
      });
    }
    return t('coverage.line.intent', '{stage}: nothing {intent}', {
      stage,
      intent: columnName(line.detail as Column).toLowerCase(),
    });
  };
  return (
    <Panel>
      <Typography variant="delta" tag="h2">
        {t('coverage.summary', 'At a glance')}
      </Typography>
      <Box paddingTop={3}>
        {summaries.length === 0 ? (
          <Typography>
            {t('coverage.noGaps', 'Every stage has content for every intent it expects.')}
          </Typography>
        ) : (
          summaries.map((line) => (
            <Typography
              tag="p"
              key={`${line.stage}-${line.kind}-${line.detail}`}
              data-testid="coverage-summary-line"
            >
              {text(line)}
            </Typography>
          ))
        )}
      </Box>
    </Panel>
  );
};

/** Stages by locale, when no locale is chosen; entries of types without i18n count in each. */
export const PerLocale = ({ coverage, state, locales }: DetailsProps) => {
  const t = useT();
  const count = countIn(state);
  const inLocale = (stage: CoverageStage, code: string) =>
    coverage.cells
      .filter((c) => c.stage === stage.key && (c.locale === code || c.locale === null))
      .reduce((sum, c) => sum + count(c), 0);
  return (
    <Box>
      <Box paddingBottom={3}>
        <Typography variant="delta" tag="h2">
          {t('coverage.perLocale', 'Per locale')}
        </Typography>
      </Box>
      <DataTable
        rows={coverage.journey.stages}
        rowKey={(stage) => stage.key}
        columns={[
          {
            key: 'stage',
            header: t('coverage.stage', 'Stage'),
            cell: (stage) => <StageLabel stage={stage} />,
          },
          ...locales.map((l) => ({
            key: l.code,
            header: l.name,
            cellProps: (stage: CoverageStage) => ({
              'data-testid': `coverage-locale-${stage.key}-${l.code}`,
            }),
            cell: (stage: CoverageStage) => {
              const value = inLocale(stage, l.code);
              return (
                <Typography fontWeight="bold" textColor={value === 0 ? 'danger600' : 'neutral800'}>
                  {value}
                </Typography>
              );
            },
          })),
        ]}
      />
    </Box>
  );
};

const untaggedOf = (coverage: Coverage, uid?: string) =>
  coverage.untagged
    .filter((u) => !uid || u.contentType === uid)
    .reduce((sum, u) => sum + u.published + u.draftOnly, 0);

/** The journey-aware entries with no stage: to the review queue, and per type to its list. */
export const Untagged = ({
  coverage,
  contentType,
  locale,
}: {
  coverage: Coverage;
  contentType?: string;
  locale?: string;
}) => {
  const t = useT();
  return (
    <Panel>
      <Typography variant="delta" tag="h2">
        {/* The count leads to the review queue, where suggestions tag them in batches. */}
        <Link
          to={`/plugins/journey/queue?${new URLSearchParams({
            ...(contentType ? { contentType } : {}),
            ...(locale ? { locale } : {}),
            ...(coverage.journey.key ? { journey: coverage.journey.key } : {}),
          }).toString()}`}
          data-testid="coverage-untagged-link"
        >
          {t('coverage.untagged', 'Untagged: {count, plural, one {# entry} other {# entries}}', {
            count: untaggedOf(coverage),
          })}
        </Link>
      </Typography>
      <Box paddingTop={3}>
        <Typography variant="pi" textColor="neutral600">
          {t('coverage.untaggedHint', 'Journey-aware entries with no stage at all.')}
        </Typography>
        {coverage.contentTypes.map((uid) => (
          <Box key={uid} paddingTop={2}>
            <Link
              to={`/content-manager/collection-types/${uid}?filters[$and][0][journeyStages][id][$null]=true${
                locale ? `&plugins[i18n][locale]=${locale}` : ''
              }`}
            >
              {uid.split('.').pop()}: {untaggedOf(coverage, uid)}
            </Link>
          </Box>
        ))}
      </Box>
    </Panel>
  );
};
