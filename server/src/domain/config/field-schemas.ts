import * as yup from 'yup';
import { LANGUAGES } from '../intents';
import { keyProblem } from '../keys';
import { LIMITS } from './limits';

export const key = () =>
  yup
    .string()
    .strict()
    .test('key', '${path} ${message}', function check(value) {
      const problem = keyProblem(value);
      return problem ? this.createError({ message: `\${path} ${problem}` }) : true;
    });

export const text = (max: number) =>
  yup.string().strict().max(max, '${path} must be at most ${max} characters');

export const name = () => text(LIMITS.nameLength);

export const translated = () =>
  yup
    .object(Object.fromEntries(LANGUAGES.map((l) => [l, name()])))
    .noUnknown(true, `\${path} has an unknown language; valid: ${LANGUAGES.join(', ')}`)
    .default(undefined);

export const stringList = (maxItems: number) =>
  yup
    .array(text(LIMITS.listItemLength).min(1, '${path} must not be empty'))
    .strict()
    .max(maxItems, '${path} must have at most ${max} items');
