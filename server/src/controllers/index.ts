import analytics from './analytics';
import { content, next } from './content';
import analyticsImport from './analytics-import';
import counts from './counts';
import coverage from './coverage';
import demandImport from './demand-import';
import demandView from './demand-view';
import { intent } from './intent';
import { journey, stage } from './journey';
import journeys from './journeys';
import editor from './editor';
import siteTerms from './site-terms';
import starters from './starters';
import suggestions from './suggestions';
import tags from './tags';
import tracker from './tracker';
import snapshots from './snapshots';
import events from './events';
import analyticsData from './analytics-data';

export default {
  // admin
  counts,
  coverage,
  'demand-view': demandView,
  journeys,
  editor,
  suggestions,
  'site-terms': siteTerms,
  starters,
  tags,
  snapshots,
  'demand-import': demandImport,
  analytics,
  'analytics-data': analyticsData,
  'analytics-import': analyticsImport,
  // content API
  journey,
  stage,
  content,
  next,
  intent,
  tracker,
  events,
};
