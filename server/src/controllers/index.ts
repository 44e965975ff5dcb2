import { content, next } from './content';
import coverage from './coverage';
import { intent } from './intent';
import { journey, stage } from './journey';
import journeys from './journeys';
import editor from './editor';
import tags from './tags';

export default {
  // admin
  coverage,
  journeys,
  editor,
  tags,
  // content API
  journey,
  stage,
  content,
  next,
  intent,
};
