import analyticsMonths from './analytics-months';
import analyticsRead from './analytics-read';
import analyticsStore from './analytics-store';
import analyticsIngest from './analytics-ingest';
import analyticsImport from './analytics-import';
import analyticsDeltas from './analytics-deltas';
import cells from './cells';
import content from './content';
import contentTypes from './content-types';
import coverage from './coverage';
import demandImport from './demand-import';
import demandView from './demand-view';
import intent from './intent';
import journeys from './journeys';
import siteTerms from './site-terms';
import settingsCache from './settings-cache';
import httpCache from './http-cache';
import suggestions from './suggestions';
import tags from './tags';
import tagHistory from './tag-history';
import snapshots from './snapshots';
import publicAbility from './public-ability';

export default {
  'analytics-months': analyticsMonths,
  'analytics-read': analyticsRead,
  'analytics-store': analyticsStore,
  'analytics-ingest': analyticsIngest,
  'analytics-deltas': analyticsDeltas,
  cells,
  content,
  'content-types': contentTypes,
  coverage,
  'demand-view': demandView,
  intent,
  journeys,
  'site-terms': siteTerms,
  'settings-cache': settingsCache,
  'http-cache': httpCache,
  suggestions,
  tags,
  'tag-history': tagHistory,
  snapshots,
  'demand-import': demandImport,
  'analytics-import': analyticsImport,
  'public-ability': publicAbility,
};
