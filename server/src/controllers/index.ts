import { content, next } from './content';
import coverage from './coverage';
import { intent } from './intent';
import { journey, stage } from './journey';
import journeys from './journeys';
import suggestions from './suggestions';

export default {
  // admin
  coverage,
  journeys,
  suggestions,
  // content API
  journey,
  stage,
  content,
  next,
  intent,
};
