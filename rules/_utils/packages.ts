import type ts from 'typescript';
import { typeUtils } from './typescript.js';

/**
 * "Is this type from package X?" through typescript-eslint's TypeOrValueSpecifier, which knows
 * package ids, `@types/*` and `declare module` blocks. A union or intersection matches when one of
 * its members does. Without `names`, a type declared in the package matches whatever it is called
 * (the specifier gets the type's own names): Drizzle's database and transaction classes have many
 * names across drivers, and what matters is where they come from.
 */
export function typeFromPackage(type: ts.Type, pkg: string, program: ts.Program, names?: string | string[]): boolean {
  if (type.isUnionOrIntersection()) return type.types.some((part) => typeFromPackage(part, pkg, program, names));
  const own = [type.aliasSymbol, type.getSymbol()].flatMap((symbol) => (symbol ? [String(symbol.escapedName)] : []));
  const name = names ?? own;
  return name.length > 0 && typeUtils().typeMatchesSpecifier(type, { from: 'package', package: pkg, name }, program);
}
