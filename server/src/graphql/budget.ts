import type {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLErrorOptions,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/content-params';

/**
 * A per-operation budget for the plugin's own GraphQL root fields. Strapi's depthLimit does not
 * count aliases, so one request could ask for `journeyContent` a thousand times under a thousand
 * aliases and hold the database for seconds; this counts what would actually be resolved.
 */
export interface GraphqlBudget {
  /** The plugin's root fields one operation may resolve, aliases and fragments included. */
  maxRootFields: number;
  /** The documents those fields may ask for together (their page sizes and limits). */
  maxItems: number;
}

/** What `journeyNext` serves when no limit is given (services/content.ts, `next`). */
export const NEXT_DEFAULT_LIMIT = 3;

/** A variable's value before the request's variables are known (in the validation rule). */
const UNKNOWN = Symbol('unknown variable');

type Args = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A page size as the route will use it: missing means the default; a value the route refuses
 * costs nothing more than the largest page (the route answers it with a ParamError, cheaply);
 * an unknown variable counts as 1, so the validation rule never refuses what the request, with
 * its variables, would be allowed.
 */
const pageSize = (value: unknown, fallback: number): number => {
  if (value === UNKNOWN) return 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return fallback;
  return Math.min(value, MAX_PAGE_SIZE);
};

const member = (value: unknown, key: string): unknown =>
  value === UNKNOWN ? UNKNOWN : isRecord(value) ? value[key] : undefined;

/**
 * The plugin's root fields (server/src/graphql/index.ts) and the items each asks for. Every root
 * field the plugin adds must be here: index.ts types its permission scopes by these keys.
 */
const contentItems = (args: Args) => {
  const pagination = args.pagination;
  const size = member(pagination, 'pageSize') ?? member(pagination, 'limit');
  return pageSize(size, DEFAULT_PAGE_SIZE);
};

export const ROOT_FIELDS = {
  journeys: () => 0,
  journeyIntents: () => 0,
  journeyIntent: () => 0,
  journeyContent: contentItems,
  journeyContent_connection: contentItems,
  journeyNext: (args: Args) => pageSize(args.limit, NEXT_DEFAULT_LIMIT),
} satisfies Record<string, (args: Args) => number>;

export type RootField = keyof typeof ROOT_FIELDS;

const isRootField = (name: string): name is RootField =>
  Object.prototype.hasOwnProperty.call(ROOT_FIELDS, name);

type Variables = Record<string, unknown> | undefined;

const valueOf = (node: ValueNode, variables: Variables): unknown => {
  switch (node.kind) {
    case 'Variable':
      return variables === undefined ? UNKNOWN : variables[node.name.value];
    case 'IntValue':
      return Number.parseInt(node.value, 10);
    case 'FloatValue':
      return Number.parseFloat(node.value);
    case 'StringValue':
    case 'BooleanValue':
    case 'EnumValue':
      return node.value;
    case 'NullValue':
      return null;
    case 'ListValue':
      return node.values.map((v) => valueOf(v, variables));
    case 'ObjectValue':
      return Object.fromEntries(
        node.fields.map((f) => [f.name.value, valueOf(f.value, variables)])
      );
    default:
      return undefined;
  }
};

export interface OperationCost {
  /** Distinct response keys of the plugin's root fields: each is resolved once. */
  rootFields: number;
  /** The sum of their page sizes and limits. */
  items: number;
}

/**
 * What one operation asks of the plugin, counted as graphql-js executes it: root selections are
 * collected through named and inline fragments, each fragment once (as execution does; this
 * also ends fragment cycles and the doubling of a fragment spread twice), and fields with the
 * same response key are merged into one resolver call. `@skip`/`@include` are not evaluated: a
 * skipped field still counts, the safe side. `variables` are the request's; without them (in
 * the validation rule) a value passed through a variable counts as the smallest page.
 */
export const operationCost = (
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Record<string, unknown>
): OperationCost => {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  }
  let values: Variables;
  if (variables) {
    values = {};
    for (const definition of operation.variableDefinitions ?? []) {
      if (definition.defaultValue) {
        values[definition.variable.name.value] = valueOf(definition.defaultValue, {});
      }
    }
    for (const [name, value] of Object.entries(variables)) {
      // An explicit null overrides the default; the route then uses its own.
      if (value !== undefined) values[name] = value;
    }
  }
  const keys = new Set<string>();
  const visited = new Set<string>();
  let items = 0;
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'Field') {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        if (!isRootField(name) || keys.has(key)) continue;
        keys.add(key);
        const args: Args = {};
        for (const arg of selection.arguments ?? []) {
          args[arg.name.value] = valueOf(arg.value, values);
        }
        items += ROOT_FIELDS[name](args);
      } else if (selection.kind === 'InlineFragment') {
        collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (visited.has(name) || !fragment) continue;
        visited.add(name);
        collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return { rootFields: keys.size, items };
};

const FIELD_LIST = Object.keys(ROOT_FIELDS).join(', ');

/** Why an operation of this cost is refused, naming the config key; null when within budget. */
export const budgetProblem = (cost: OperationCost, budget: GraphqlBudget): string | null => {
  if (cost.rootFields > budget.maxRootFields) {
    return `journey: this operation asks for ${cost.rootFields} of the fields ${FIELD_LIST} (aliases and fragments included); at most ${budget.maxRootFields} (config graphql.maxRootFields)`;
  }
  if (cost.items > budget.maxItems) {
    return `journey: this operation asks for up to ${cost.items} items through journeyContent, journeyContent_connection and journeyNext (their pageSize or limit; ${DEFAULT_PAGE_SIZE} and ${NEXT_DEFAULT_LIMIT} when not given); at most ${budget.maxItems} (config graphql.maxItems)`;
  }
  return null;
};

/** GraphQLError of the graphql copy the GraphQL plugin runs (see graphqlOfPlugin in index.ts). */
export type GraphQLErrorClass = new (
  message: string,
  options?: GraphQLErrorOptions
) => GraphQLError;

/** Only queries: the plugin adds no mutations, and `journeyNext` on Mutation is not ours. */
const isQuery = (operation: OperationDefinitionNode) => operation.operation === 'query';

/**
 * The validation rule: refuses, before anything executes, an operation whose root fields are
 * over budget, or whose items are over budget with the values written in the document. Apollo
 * caches a document once it validates, whatever its variables: the plugin below counts again
 * with them.
 */
export const budgetRule =
  (budget: GraphqlBudget, ErrorClass: GraphQLErrorClass) =>
  (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      if (!isQuery(operation)) return false;
      const problem = budgetProblem(operationCost(context.getDocument(), operation), budget);
      if (problem) context.reportError(new ErrorClass(problem, { nodes: operation }));
      return false;
    },
  });

/** The part of Apollo Server's request context the plugin reads and writes. */
interface RequestContext {
  document: DocumentNode;
  operation?: OperationDefinitionNode;
  request: { variables?: Record<string, unknown> };
  response: { http: { status?: number } };
}

/**
 * An Apollo Server plugin counting with the request's variables, after validation and before
 * execution (didResolveOperation): what the validation rule cannot see. Refused the same way,
 * with status 400 (Apollo answers an error thrown here with 500 unless a status is set).
 */
export const budgetPlugin = (budget: GraphqlBudget, ErrorClass: GraphQLErrorClass) => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operation, request, response }: RequestContext) {
        if (!operation || !isQuery(operation)) return;
        const cost = operationCost(document, operation, request.variables ?? {});
        const problem = budgetProblem(cost, budget);
        if (!problem) return;
        response.http.status = 400;
        throw new ErrorClass(problem, {
          nodes: operation,
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        });
      },
    };
  },
});
