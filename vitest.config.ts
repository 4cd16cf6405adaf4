// The test suite's one setting: build the bundle the executable runs before any test starts.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['test/build-bundle.ts'] } });
