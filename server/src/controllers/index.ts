import { content, next } from './content';
import coverage from './coverage';
import { journey, stage } from './journey';
import journeys from './journeys';

export default {
  // admin
  coverage,
  journeys,
  // content API
  journey,
  stage,
  content,
  next,
};
