import { IntentCell, IntentFilterInput, StageFilterInput, StagesCell } from './components/ListView';
import { getTranslation } from './utils/getTranslation';

interface Layout {
  options?: { journey?: { enabled?: boolean } };
}

interface Header {
  name: string;
  [key: string]: unknown;
}

const isJourneyAware = (layout?: Layout) => layout?.options?.journey?.enabled === true;

const operators = [
  {
    label: { id: 'components.FilterOptions.FILTER_TYPES.$eq', defaultMessage: 'is' },
    value: '$eq',
  },
  {
    label: { id: 'components.FilterOptions.FILTER_TYPES.$ne', defaultMessage: 'is not' },
    value: '$ne',
  },
];

const COLUMNS = [
  {
    name: 'journeyStages',
    attribute: { type: 'relation', relation: 'manyToMany', target: 'plugin::journey.stage' },
    label: { id: getTranslation('list.stages'), defaultMessage: 'Journey stages' },
    searchable: false,
    sortable: false,
    cellFormatter: (row: never, _header: unknown, { model }: { model: string }) => (
      <StagesCell row={row} model={model} />
    ),
  },
  {
    name: 'searchIntent',
    attribute: { type: 'enumeration' },
    label: { id: getTranslation('list.intent'), defaultMessage: 'Search intent' },
    searchable: false,
    sortable: true,
    cellFormatter: (row: never) => <IntentCell row={row} />,
  },
];

const FILTERS = [
  {
    name: 'journeyStages',
    type: 'relation',
    mainField: { name: 'key', type: 'string' },
    label: { id: getTranslation('list.stages'), defaultMessage: 'Journey stages' },
    input: StageFilterInput,
    operators,
  },
  {
    name: 'searchIntent',
    type: 'enumeration',
    label: { id: getTranslation('list.intent'), defaultMessage: 'Search intent' },
    input: IntentFilterInput,
    operators,
  },
];

/** Ours replace the content manager's own columns of the same fields, else they are added. */
const replaceOrAdd = <T extends { name: string }>(current: T[], ours: T[]) => [
  ...current.filter((item) => !ours.some((o) => o.name === item.name)),
  ...ours,
];

/** Columns go after the id and the main field, so that they show without scrolling. */
const insertEarly = <T extends { name: string }>(current: T[], ours: T[]) => {
  const rest = current.filter((item) => !ours.some((o) => o.name === item.name));
  const at = Math.min(2, rest.length);
  return [...rest.slice(0, at), ...ours, ...rest.slice(at)];
};

/** List view: coloured stage badges and the intent, in place of the bare relation count. */
export const addJourneyColumns = ({
  displayedHeaders,
  layout,
}: {
  displayedHeaders: Header[];
  layout: Layout;
}) => ({
  displayedHeaders: isJourneyAware(layout)
    ? insertEarly(displayedHeaders, COLUMNS as unknown as Header[])
    : displayedHeaders,
  layout,
});

/** List view filters: stages and intents chosen from a list, named as editors know them. */
export const addJourneyFilters = ({
  displayedFilters,
  layout,
}: {
  displayedFilters: Header[];
  layout: Layout;
}) => ({
  displayedFilters: isJourneyAware(layout)
    ? replaceOrAdd(displayedFilters, FILTERS as unknown as Header[])
    : displayedFilters,
  layout,
});
