import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { AnalyticsResponse, AnalyticsStageRow } from '../../api/analytics';
import { useT } from '../common';
import { useLocalName } from '../../journeys';
import type { MeasuredCurve } from './EmotionCurve';
import { nearestLabel, signedScore, type MapStage } from './map-model';

export interface Measured {
  period: { from: string; to: string };
  /** Per map stage, in column order; null for a stage the analytics do not list. */
  rows: Array<AnalyticsStageRow | null>;
  hasEmotion: boolean;
  curve: MeasuredCurve;
  /** The measured line in words, for the curve's text alternative. */
  curveLabel: string;
}

/**
 * The analytics answer lined up with the map's columns (by stage documentId, the key when the
 * map has none), with the measured curve's words; null when nothing was measured in the period,
 * so a map without visitors shows only what was written.
 */
export const useMeasured = (
  analytics: AnalyticsResponse | undefined,
  stages: MapStage[]
): Measured | null => {
  const t = useT();
  const localName = useLocalName();
  if (!analytics || analytics.totals.views === 0) return null;
  const rows = stages.map(
    (stage) =>
      analytics.stages.find((row) =>
        stage.documentId ? row.stage.documentId === stage.documentId : row.stage.key === stage.key
      ) ?? null
  );
  const values = rows.map((row) => row?.measuredEmotion ?? null);
  const scoreWord = (score: number) => {
    const label = nearestLabel(score);
    return `${signedScore(score)} (${t(`map.emotion.${label}`, label)})`;
  };
  const answers = (row: AnalyticsStageRow | null) => (row ? row.helpfulYes + row.helpfulNo : 0);
  return {
    period: analytics.period,
    rows,
    hasEmotion: values.some((v) => v !== null),
    curve: {
      values,
      pointLabel: (index, score) =>
        t(
          'map.measured.point',
          '{stage}: measured {score}, {count, plural, one {# answer} other {# answers}}',
          {
            stage: localName(stages[index]),
            score: scoreWord(score),
            count: answers(rows[index]),
          }
        ),
      legend: {
        written: t('map.measured.legendWritten', 'Written score'),
        measured: t('map.measured.legendMeasured', 'Measured from helpful answers (dashed)'),
      },
    },
    curveLabel: t('map.measured.curveLabel', 'Measured emotion from helpful answers: {points}', {
      points: stages
        .map((stage, i) =>
          values[i] === null
            ? `${localName(stage)} ${t('map.measured.tooFew', 'too few answers')}`
            : `${localName(stage)} ${scoreWord(values[i] as number)}`
        )
        .join(', '),
    }),
  };
};

/**
 * A row of measured figures under the written ones: per stage the sessions that reached it,
 * the share that moved on to the next stage and the share of views that ended the visit
 * (`figures`), or the measured emotion in words (`emotion`, the curve's text alternative).
 */
export const MeasuredRow = ({
  kind,
  measured,
  stages,
}: {
  kind: 'figures' | 'emotion';
  measured: Measured;
  stages: MapStage[];
}) => {
  const t = useT();
  const { formatNumber, formatDate } = useIntl();
  const percent = (share: number | null) =>
    share === null ? '—' : formatNumber(share, { style: 'percent', maximumFractionDigits: 0 });
  const day = (iso: string) =>
    formatDate(`${iso}T00:00:00Z`, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const period = `${day(measured.period.from)} – ${day(measured.period.to)}`;
  return (
    <tr data-testid={`journey-map-row-measured-${kind}`}>
      <th scope="row">
        <Typography variant="sigma">
          {kind === 'figures'
            ? t('map.row.measured', 'Measured')
            : t('map.row.measuredEmotion', 'Measured emotion')}
        </Typography>
        <Typography variant="pi" textColor="neutral600" tag="p">
          {kind === 'figures'
            ? t('map.measured.hint', 'Sessions, moved on, left; {period}', { period })
            : t('map.measured.emotionHint', 'From helpful answers; {period}', { period })}
        </Typography>
      </th>
      {stages.map((stage, i) => {
        const row = measured.rows[i];
        if (kind === 'emotion') {
          const score = row?.measuredEmotion ?? null;
          const answers = row ? row.helpfulYes + row.helpfulNo : 0;
          return (
            <td key={stage.key} data-testid={`journey-map-measured-emotion-${stage.key}`}>
              {score === null ? (
                <Typography variant="omega" textColor="neutral600">
                  {t(
                    'map.measured.tooFewCount',
                    '— too few answers ({count, plural, one {# answer} other {# answers}})',
                    {
                      count: answers,
                    }
                  )}
                </Typography>
              ) : (
                <Typography variant="omega">
                  {t(
                    'map.measured.score',
                    '{score} {label}, {count, plural, one {# answer} other {# answers}}',
                    {
                      score: signedScore(score),
                      label: t(`map.emotion.${nearestLabel(score)}`, nearestLabel(score)),
                      count: answers,
                    }
                  )}
                </Typography>
              )}
            </td>
          );
        }
        return (
          <td
            key={stage.key}
            data-testid={`journey-map-measured-${stage.key}`}
            data-sessions={row?.sessions ?? 0}
          >
            {row ? (
              <ul>
                <li>
                  <Typography variant="omega">
                    {t(
                      'map.measured.sessions',
                      '{count, plural, one {# session} other {# sessions}}',
                      { count: row.sessions }
                    )}
                  </Typography>
                </li>
                <li>
                  <Typography variant="omega">
                    {t('map.measured.movedOn', 'moved on: {share}', {
                      share: percent(row.movedOnShare),
                    })}
                  </Typography>
                </li>
                <li>
                  <Typography variant="omega">
                    {t('map.measured.left', 'left: {share}', { share: percent(row.leftShare) })}
                  </Typography>
                </li>
              </ul>
            ) : (
              <Typography textColor="neutral600">—</Typography>
            )}
          </td>
        );
      })}
    </tr>
  );
};
