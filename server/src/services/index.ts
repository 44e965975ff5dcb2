import contentTypes from './content-types';
import coverage from './coverage';
import journeys from './journeys';

export default {
  'content-types': contentTypes,
  coverage,
  journeys,
};
