#!/usr/bin/env node
// The `sanctions-watch` executable. The code is TypeScript run through tsx's loader, so there is no
// build step and no stale build output: what is in src/ is what runs.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
