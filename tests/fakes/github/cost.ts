import {
  getNamedType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface CostResult {
  /** Points GitHub charges: max(1, round(requests / 100)). */
  cost: number;
  requests: number;
  /** GitHub's node limit counts every node a call could return. */
  nodes: number;
  errors: { type: string; message: string }[];
}

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/**
 * GitHub's published rules: every connection needs `first` or `last` in 1..100; a
 * connection costs one request per time it is resolved (the product of the `first`/`last`
 * of the connections above it); the call costs the sum / 100, rounded, at least 1.
 */
export function computeCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): CostResult {
  const result: CostResult = { cost: 0, requests: 0, nodes: 0, errors: [] };
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType)
          : parent;
        walk(selection.selectionSet, type, multiplier);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)!;
        walk(
          fragment.selectionSet,
          schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType,
          multiplier,
        );
      } else {
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const field = parent.getFields()[selection.name.value];
        if (!field || !selection.selectionSet) continue;
        const type = getNamedType(field.type) as GraphQLCompositeType;
        let childMultiplier = multiplier;
        const isConnection = type.name.endsWith('Connection') && field.args.some((a) => a.name === 'first');
        if (isConnection) {
          const arg = (name: string) =>
            valueOf(selection.arguments?.find((a) => a.name.value === name)?.value, variables) as number | undefined;
          const size = arg('first') ?? arg('last');
          if (size === undefined || size === null) {
            result.errors.push({
              type: 'MISSING_PAGINATION_BOUNDARIES',
              message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${selection.name.value}\` connection.`,
            });
            continue;
          }
          if (size < 1 || size > 100) {
            result.errors.push({
              type: 'EXCESSIVE_PAGINATION',
              message: `Requesting ${size} records on the \`${selection.name.value}\` connection exceeds the \`first\` limit of 100 records.`,
            });
            continue;
          }
          result.requests += multiplier;
          childMultiplier = multiplier * size;
          result.nodes += childMultiplier;
        }
        walk(selection.selectionSet, type, childMultiplier);
      }
    }
  };
  walk(operation.selectionSet, schema.getQueryType()!, 1);
  result.cost = Math.max(1, Math.round(result.requests / 100));
  if (result.nodes > 500_000)
    result.errors.push({
      type: 'MAX_NODE_LIMIT_EXCEEDED',
      message: `This query requests up to ${result.nodes} possible nodes which exceeds the maximum limit of 500,000.`,
    });
  return result;
}
