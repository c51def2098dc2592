// The shared rules (../../eslint.config.js) plus what a React app in the browser needs.
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import shared from '../../eslint.config.js';

export default [
  ...shared,
  { ignores: ['dist-server/**'] },
  { files: ['public/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The shared rule names packages/*/src from the repository root; this config sits lower.
    files: ['src/**/*.{ts,tsx}', 'server/**/*.ts'],
    ignores: ['**/env.ts', '**/*.test.{ts,tsx}', 'src/test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through env.ts.' },
      ],
    },
  },
];
