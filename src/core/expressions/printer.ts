/**
 * Canonical text of an expression, as the service re-serializes it in `parsedExpression.expression` (reference §8.8):
 * one space after each comma, empty optional slots kept (`Replace([mail], "@contoso.com", , , "", , )`), canonical
 * function casing, strings re-escaped. Round trip: `print(parse(print(n))) === print(n)`.
 */
import type { ConstantNode, ExpressionNode } from './ast';

/** A string constant in double quotes with `\` and `"` escaped (reference §3.2). */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function printConstant(node: ConstantNode): string {
  switch (node.form) {
    case 'string':
      return quoteString(node.value);
    case 'number':
      return node.value;
    // Hex and enum literals print as written (`&HFF`, `vbTextCompare`), so the author's spelling survives.
    case 'hex':
    case 'enum':
      return node.raw;
  }
}

export function printExpression(node: ExpressionNode): string {
  switch (node.type) {
    case 'Attribute':
      return `[${node.name}]`;
    case 'Constant':
      return printConstant(node);
    case 'Comparison':
      // Not documented by the service; we put one space either side of the operator: `[country] = "USA"`.
      return `${printExpression(node.left)} ${node.operator} ${printExpression(node.right)}`;
    case 'Function': {
      // An empty slot prints as nothing, so `, , )` comes out of ", " joins (reference §8.8).
      const args = node.args.map((a) => (a === null ? '' : printExpression(a)));
      return `${node.name}(${args.join(', ')})`;
    }
  }
}
