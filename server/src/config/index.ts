import { DEFAULT_CONFIG } from '../domain/config';

export default {
  default: DEFAULT_CONFIG,
  /**
   * Deliberately empty: register() validates the whole config once the app's content types are
   * loaded, so a config with a shape error and an unknown uid reports both (docs/configuration.md).
   */
  validator: () => {},
};
