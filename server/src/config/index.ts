import { DEFAULT_CONFIG, validateConfig } from '../domain/config';

export default {
  default: DEFAULT_CONFIG,
  validator: validateConfig,
};
