import { content, next } from './content';
import coverage from './coverage';
import { intent } from './intent';
import { journey, stage } from './journey';
import journeys from './journeys';
import editor from './editor';

export default {
  // admin
  coverage,
  journeys,
  editor,
  // content API
  journey,
  stage,
  content,
  next,
  intent,
};
