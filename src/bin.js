#!/usr/bin/env node
// The `sanctions-watch` executable (`npx sanctions-watch scan …`, `lookup`, `discord-register`): the
// TypeScript sources run through tsx's loader, so what is in src/ is what runs. `npm start` runs the
// long-lived bot from the bundle scripts/build.js compiles first, without the loader's thread.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
