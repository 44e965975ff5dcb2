import { grantPublic } from '../helpers/content';
import { postGraphql, useApp } from '../helpers/suite';

/**
 * GraphQL with a configured budget (graphql.maxRootFields, maxItems) beside the app's own Apollo
 * validation rules. Its own file because Strapi's registries are global to the process: it needs
 * an app booted with that configuration.
 */
describe('a configured budget, beside the app’s own Apollo validation rules', () => {
  const app = useApp({
    withGraphql: true,
    pluginConfig: {
      contentTypes: ['api::page.page'],
      graphql: { maxRootFields: 400, maxItems: 40000 },
    },
    files: {
      // The app's own rule, as a user would set it: it must keep working beside the budget.
      'config/env/test/plugins.js': `const { GraphQLError } = require('graphql');
module.exports = { graphql: { config: { apolloServer: { validationRules: [
  (context) => ({ OperationDefinition(node) {
    if (node.name && node.name.value === 'RefusedByTheApp') {
      context.reportError(new GraphQLError('refused by the app rule', { nodes: node }));
    }
  } }),
] } } } };
`,
    },
  });
  beforeAll(() => grantPublic(app.strapi, ['plugin::journey.next.find']));

  const gql = (query: string) => postGraphql(app.strapi, query);

  const field = `journeyNext(stage: "awareness", limit: 100) { total }`;
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join('\n');

  test('a larger budget lets a bigger operation through, and still bounds it', async () => {
    const through = await gql(`query { ...Many } fragment Many on Query { ${many(300)} }`);
    expect(through.status).toBe(200);
    expect(through.body.errors).toBeUndefined();
    expect(Object.keys(through.body.data ?? {})).toHaveLength(300);
    const refused = await gql(`{ ${many(401)} }`);
    expect(refused.status).toBe(400);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.message).toMatch(
      /asks for 401 of the fields .*; at most 400 \(config graphql\.maxRootFields\)$/
    );
  });

  test('the app’s own validation rule still applies', async () => {
    const { status, body } = await gql(`query RefusedByTheApp { ${field} }`);
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.message)).toEqual(['refused by the app rule']);
  });
});
