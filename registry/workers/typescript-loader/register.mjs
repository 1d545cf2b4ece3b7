// `node --import <this file> script.ts`: registers ./hooks.mjs, which runs the TypeScript sources directly.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
