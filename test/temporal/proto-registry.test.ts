import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stigmerRegistry } from '../../src/adapters/temporal/payload/proto-registry';

const GEN_ROOT = join(__dirname, '../../src/adapters/proto/gen');

function generatedProtoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return generatedProtoFiles(path);
    return name.endsWith('_pb.ts') ? [relative(GEN_ROOT, path).replace(/_pb\.ts$/, '.proto')] : [];
  });
}

describe('payload registry', () => {
  it('holds every generated proto file, so no messageType can be missing after `npm run gen`', () => {
    const registered = new Set<string>();
    for (const type of stigmerRegistry) {
      if (type.kind === 'message' || type.kind === 'enum') registered.add(type.file.name + '.proto');
    }
    const files = generatedProtoFiles(GEN_ROOT);
    expect(files.length).toBeGreaterThan(30);
    const missing = files.filter((file) => {
      // A file with no messages or enums contributes nothing to look up; only flag files that declare types.
      return !registered.has(file) && fileDeclaresTypes(file);
    });
    expect(missing).toEqual([]);
  });
});

function fileDeclaresTypes(protoPath: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(GEN_ROOT, protoPath.replace(/\.proto$/, '_pb'))) as Record<string, unknown>;
  return Object.keys(mod).some((key) => key.endsWith('Schema'));
}
