import path from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../src/project-root';

const root = projectRoot();

/** The source files of this repository that a build with `configFile` compiles, relative to the root. */
function compiledFiles(configFile: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, configFile), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`${configFile} could not be read`);
  // What is compiled is all that matters here: no library types, which only cost time.
  const options = { ...parsed.options, noLib: true, types: [] };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options });
  return program
    .getSourceFiles()
    .map((file) => path.relative(root, file.fileName).split(path.sep).join('/'))
    .filter((file) => !file.startsWith('node_modules/') && !file.startsWith('..'));
}

describe('the production build (tsconfig.build.json, what infra/bundle.sh compiles)', () => {
  const files = compiledFiles('tsconfig.build.json');
  const development = compiledFiles('tsconfig.dev.json');

  it('compiles the server and the commands', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'src/main.ts',
        'src/server.ts',
        'src/cli/placements.ts',
        'src/cli/reminders.ts',
      ]),
    );
  });

  it('compiles no file of local mode, not even one an import would pull in', () => {
    expect(files.filter((file) => file.startsWith('src/local/'))).toEqual([]);
  });

  it('differs from the development build (npm run build) only by local mode', () => {
    expect(development).toEqual(expect.arrayContaining(['src/local/main.ts', 'src/local/commands.ts']));
    expect(development.filter((file) => !file.startsWith('src/local/')).sort()).toEqual([...files].sort());
  });
});
