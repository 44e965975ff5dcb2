import intentChoice from './intent-choice';
import journey from './journey';
import siteTerm from './site-term';
import stage from './stage';
import suggestion from './suggestion';

export default {
  journey,
  stage,
  suggestion,
  'site-term': siteTerm,
  'intent-choice': intentChoice,
};
