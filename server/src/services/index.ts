import content from './content';
import contentTypes from './content-types';
import coverage from './coverage';
import intent from './intent';
import journeys from './journeys';

export default {
  content,
  'content-types': contentTypes,
  coverage,
  intent,
  journeys,
};
