import analyticsDocumentDay from './analytics-document-day';
import analyticsDocumentMonth from './analytics-document-month';
import analyticsDropDay from './analytics-drop-day';
import analyticsGoalDay from './analytics-goal-day';
import analyticsImport from './analytics-import';
import analyticsStageDay from './analytics-stage-day';
import analyticsTransitionDay from './analytics-transition-day';
import cellCount from './cell-count';
import coverageSnapshot from './coverage-snapshot';
import demandImport from './demand-import';
import demandOverride from './demand-override';
import demandQuery from './demand-query';
import intentChoice from './intent-choice';
import journey from './journey';
import siteTerm from './site-term';
import stage from './stage';
import suggestion from './suggestion';

import tagChange from './tag-change';
import tagChangeEntry from './tag-change-entry';

export default {
  journey,
  stage,
  suggestion,
  'site-term': siteTerm,
  'intent-choice': intentChoice,
  'tag-change': tagChange,
  'tag-change-entry': tagChangeEntry,
  'demand-import': demandImport,
  'demand-query': demandQuery,
  'demand-override': demandOverride,
  'coverage-snapshot': coverageSnapshot,
  'cell-count': cellCount,
  'analytics-stage-day': analyticsStageDay,
  'analytics-transition-day': analyticsTransitionDay,
  'analytics-document-day': analyticsDocumentDay,
  'analytics-goal-day': analyticsGoalDay,
  'analytics-drop-day': analyticsDropDay,
  'analytics-import': analyticsImport,
  'analytics-document-month': analyticsDocumentMonth,
};
