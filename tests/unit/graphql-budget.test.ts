import {
  buildSchema,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import {
  budgetPlugin,
  budgetProblem,
  budgetRule,
  operationCost,
  type GraphqlBudget,
} from '../../server/src/graphql/budget';
import { configProblems, DEFAULT_CONFIG } from '../../server/src/domain/config';

const cost = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition'
  )!;
  return operationCost(document, operation, variables);
};

const aliases = (count: number, field: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join('\n');

const content = (args = '') => `journeyContent${args} { __typename }`;
const connection = (args = '') => `journeyContent_connection${args} { pageInfo { total } }`;
const next = (args = '') => `journeyNext(stage: "awareness"${args}) { total }`;

describe('operationCost', () => {
  test('counts each alias as a field of its own, with the default page sizes', () => {
    expect(cost(`{ ${aliases(1000, () => content('(pagination: { pageSize: 100 })'))} }`)).toEqual({
      rootFields: 1000,
      items: 100_000,
    });
    expect(cost(`{ a: ${content()} b: ${next()} journeys { key } }`)).toEqual({
      rootFields: 3,
      items: 10 + 3,
    });
  });

  test('the same response key twice is one resolver call', () => {
    expect(cost(`{ ${content()} ${content()} x: ${next()} x: ${next()} }`)).toEqual({
      rootFields: 2,
      items: 13,
    });
  });

  test('the connection costs what the list costs, journeyIntents nothing', () => {
    expect(
      cost(
        `{ ${connection('(pagination: { pageSize: 40 })')} ${content()} journeyIntents { key } }`
      )
    ).toEqual({ rootFields: 3, items: 40 + 10 });
    expect(cost(`{ ${aliases(21, () => connection())} }`)).toEqual({
      rootFields: 21,
      items: 210,
    });
  });

  test('ignores other root fields and fields nested below the plugin’s', () => {
    expect(cost(`{ articles { title } __typename j: ${content()} }`)).toEqual({
      rootFields: 1,
      items: 10,
    });
  });

  test('expands named fragments, nested ones, and inline fragments', () => {
    const query = `
      query { ...Outer ... on Query { i: ${next(', limit: 7')} } ... { j: journeyIntent(q: "x") { intent } } }
      fragment Outer on Query { ${aliases(300, () => next(', limit: 100'))} ...Inner }
      fragment Inner on Query { c: ${content('(pagination: { start: 0, limit: 50 })')} }`;
    expect(cost(query)).toEqual({ rootFields: 303, items: 300 * 100 + 7 + 50 });
  });

  test('a fragment spread twice, or in a cycle, is counted once and ends', () => {
    const query = `
      query { ...A ...A ...B }
      fragment A on Query { a: ${content()} ...B }
      fragment B on Query { b: ${content()} ...A }`;
    expect(cost(query)).toEqual({ rootFields: 2, items: 20 });
  });

  test('page sizes through variables: the request’s value, the default value, or the route’s', () => {
    const query = `
      query Q($size: Int, $withDefault: Int = 40, $pagination: PaginationArg, $limit: Int) {
        a: journeyContent(pagination: { pageSize: $size }) { __typename }
        b: journeyContent_connection(pagination: { pageSize: $withDefault }) { pageInfo { total } }
        c: journeyContent(pagination: $pagination) { __typename }
        d: journeyNext(stage: "awareness", limit: $limit) { total }
      }`;
    expect(cost(query, { size: 90, pagination: { limit: 60 }, limit: 5 }).items).toBe(
      90 + 40 + 60 + 5
    );
    // Missing variables: the default value, else what the route uses without the argument.
    expect(cost(query, {}).items).toBe(10 + 40 + 10 + 3);
    // An explicit null overrides the default value: the route's default applies.
    expect(cost(query, { withDefault: null }).items).toBe(10 + 10 + 10 + 3);
    // Without the request's variables (the validation rule), each counts as the least page.
    expect(cost(query).items).toBe(4);
  });

  test('a page size the route refuses counts as its largest page at most', () => {
    expect(cost(`{ ${content('(pagination: { pageSize: 100000 })')} }`).items).toBe(100);
    expect(cost(`{ ${next(', limit: -1')} }`).items).toBe(3);
  });
});

describe('budgetProblem', () => {
  const budget: GraphqlBudget = { maxRootFields: 20, maxItems: 1000 };

  test('names the limit and its config key', () => {
    expect(budgetProblem({ rootFields: 1000, items: 10 }, budget)).toBe(
      'journey: this operation asks for 1000 of the fields journeys, journeyIntents, journeyIntent, journeyContent, journeyContent_connection, journeyNext (aliases and fragments included); at most 20 (config graphql.maxRootFields)'
    );
    expect(budgetProblem({ rootFields: 11, items: 1100 }, budget)).toMatch(
      /^journey: this operation asks for up to 1100 items .*; at most 1000 \(config graphql\.maxItems\)$/
    );
  });

  test('an operation within budget passes', () => {
    expect(budgetProblem({ rootFields: 20, items: 1000 }, budget)).toBeNull();
    expect(budgetProblem(cost(`{ ${aliases(10, () => content())} }`), budget)).toBeNull();
  });
});

describe('the validation rule and the Apollo plugin', () => {
  const schema = buildSchema(`
    input PaginationArg { page: Int pageSize: Int start: Int limit: Int }
    type Pagination { total: Int! page: Int! pageSize: Int! pageCount: Int! }
    type Item { title: String }
    type Connection { nodes: [Item!]! pageInfo: Pagination! }
    type Next { total: Int! nodes: [Item!]! }
    type Query {
      journeyContent(pagination: PaginationArg): [Item!]!
      journeyContent_connection(pagination: PaginationArg): Connection!
      journeyNext(stage: String!, limit: Int): Next!
    }
    type Mutation { journeyNext(stage: String!, limit: Int): Next }`);
  const budget: GraphqlBudget = { maxRootFields: 20, maxItems: 1000 };
  const rule = budgetRule(budget, GraphQLError);
  const messages = (query: string) =>
    validate(schema, parse(query), [rule]).map((error) => error.message);

  test('refuses an operation over budget, counted from the document', () => {
    expect(messages(`{ ${aliases(21, () => content())} }`)).toEqual([
      expect.stringContaining('asks for 21 of the fields'),
    ]);
    expect(
      messages(`{ ${aliases(11, () => content('(pagination: { pageSize: 100 })'))} }`)
    ).toEqual([expect.stringContaining('(config graphql.maxItems)')]);
    expect(
      messages(`{ ${aliases(11, () => connection('(pagination: { pageSize: 100 })'))} }`)
    ).toEqual([expect.stringContaining('(config graphql.maxItems)')]);
    expect(messages(`{ ${aliases(20, () => content())} }`)).toEqual([]);
    // Not the plugin's: the plugin adds no mutations.
    expect(messages(`mutation { ${aliases(30, () => next())} }`)).toEqual([]);
  });

  const resolve = async (document: DocumentNode, variables: Record<string, unknown>) => {
    const hooks = await budgetPlugin(budget, GraphQLError).requestDidStart();
    const operation = document.definitions[0] as OperationDefinitionNode;
    const response = { http: {} as { status?: number } };
    const run = hooks.didResolveOperation({
      document,
      operation,
      request: { variables },
      response,
    });
    return { run, response };
  };

  test('the plugin counts again with the request’s variables, and answers 400', async () => {
    const document = parse(
      `query($n: Int) { ${aliases(11, () => content('(pagination: { pageSize: $n })'))} }`
    );
    expect(validate(schema, document, [rule])).toEqual([]);
    const small = await resolve(document, { n: 90 });
    await expect(small.run).resolves.toBeUndefined();
    const big = await resolve(document, { n: 100 });
    await expect(big.run).rejects.toThrow(
      /asks for up to 1100 items .* at most 1000 \(config graphql\.maxItems\)/
    );
    expect(big.response.http.status).toBe(400);
  });
});

describe('config graphql', () => {
  test('defaults, and a bad value names the key', () => {
    expect(DEFAULT_CONFIG.graphql).toEqual({ maxRootFields: 20, maxItems: 1000 });
    expect(configProblems({ graphql: { maxRootFields: 50, maxItems: 5000 } })).toEqual([]);
    expect(configProblems({ graphql: { maxRootFields: 0, maxItems: 1.5, depth: 3 } })).toEqual([
      'graphql.maxRootFields: must be at least 1',
      'graphql.maxItems: must be a whole number of items',
      'graphql: has an unknown key: depth; valid: maxRootFields, maxItems',
    ]);
  });
});
