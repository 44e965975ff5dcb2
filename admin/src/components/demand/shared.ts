import { useIntl } from 'react-intl';
import type { DemandMetric } from '../../api/demand';
import { useLocalName } from '../../journeys';
import { useT } from '../common/useT';

export interface NamedStage {
  key: string;
  name: string;
  names?: Record<string, string> | null;
  colour?: string | null;
}

/** A stage key as the admin's language names it, the key itself when the journey lacks it. */
export const useStageLabel = (stages: NamedStage[]) => {
  const localName = useLocalName();
  return (key: string | null | undefined) => {
    // 'none': the journey's mapping places the query's intent in no stage.
    if (!key || key === 'none') return '—';
    const stage = stages.find((s) => s.key === key);
    return stage ? localName(stage) : key;
  };
};

export const useIntentLabel = () => {
  const t = useT();
  return (intent: string) =>
    intent === 'none'
      ? t('coverage.noIntent', 'No intent')
      : t(`intent.${intent}`, intent.charAt(0).toUpperCase() + intent.slice(1));
};

export const useMetricLabel = () => {
  const t = useT();
  return (metric: DemandMetric) =>
    metric === 'clicks'
      ? t('demand.metric.clicks', 'Clicks')
      : metric === 'volume'
        ? t('demand.metric.volume', 'Search volume')
        : t('demand.metric.impressions', 'Impressions');
};

/** "18.4k": compact numbers for the matrix, where room is short. */
export const useCompact = () => {
  const { formatNumber } = useIntl();
  return (value: number) =>
    formatNumber(value, { notation: 'compact', maximumFractionDigits: value < 10000 ? 1 : 0 });
};
