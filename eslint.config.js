import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const domainModules = [
  'organizations',
  'registry',
  'routing',
  'conversations',
  'discussions',
  'branching',
  'handoffs',
  'resolutions',
  'pipelines',
  'learning',
  'retention',
  'budgets',
  'integrations/psa',
  'integrations/email',
];

/** A domain module is reached only through its index.ts, never its internals or tables. */
const moduleBoundaries = {
  'no-restricted-imports': [
    'error',
    {
      patterns: domainModules.map((name) => ({
        group: [`**/${name}/**`, `!**/${name}/index.js`],
        message: `Import ${name} through its public surface (${name}/index.js).`,
      })),
      paths: [
        {
          name: 'class-validator',
          importNames: ['IsOptional'],
          message: 'IsOptional lets null through as "absent": use OptionalField or NullableField (platform/http/input/optional-field.js).',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.data/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/app.module.ts', 'src/cli.ts', 'src/**/*.spec.ts'], rules: moduleBoundaries },
  { files: ['src/cli.ts', 'src/**/cli/**', 'bench/**', 'test/**', '**/*.mjs'], rules: { 'no-console': 'off' } },
);
