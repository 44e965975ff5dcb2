import demoPlugins from '../../demo/config/plugins';
import { DEMO_INTENT_CONFIG } from '../../demo/src/intent-terms';
import { BRANDS } from '../../server/src/intent/lexicons';
import { createClassifier } from '../../server/src/intent/classifier';

/**
 * The demo shop's brand is the demo's configuration, not the plugin's lexicon: the plugin ships no
 * site's brand, and the demo still reads its own brand searches as navigational.
 */
describe("the demo's brand", () => {
  const env = Object.assign((_: string, fallback?: unknown) => fallback, {
    bool: (_: string, fallback?: unknown) => fallback,
  });
  const plugins = demoPlugins({ env } as never) as unknown as Record<
    string,
    { config?: { intent?: unknown } }
  >;

  test('is not in the built-in lexicons', () => {
    expect(BRANDS).not.toContain('nordstig');
    expect(createClassifier().classify('nordstig').intent).toBeNull();
  });

  test('is in the demo app’s journey config', () => {
    expect(plugins.journey.config?.intent).toBe(DEMO_INTENT_CONFIG);
  });

  test.each([
    ['nordstig', 'en'],
    ['nordstig kundtjänst', 'sv'],
    ['mina sidor nordstig', 'sv'],
    ['nordstig kundeservice', 'nb'],
    ['nordstig customer service', 'en'],
  ])('with it, "%s" is navigational', (query, locale) => {
    const { classify } = createClassifier(DEMO_INTENT_CONFIG);
    expect(classify(query, { locale }).intent).toBe('navigational');
  });
});
