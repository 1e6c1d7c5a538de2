/**
 * AdminJS reads these when it is first imported, so this module is imported before it. The bundle lives
 * in build/adminjs: Express 5 refuses to serve files under a dot-directory such as the default .adminjs
 * (stack.md §3.1). Production mode serves the bundle built by admin/bundle.ts instead of bundling on a request.
 */
import path from 'node:path';

export const BUNDLE_DIR = path.join(import.meta.dirname, '..', 'build', 'adminjs');
process.env.ADMIN_JS_TMP_DIR = BUNDLE_DIR;
process.env.NODE_ENV = 'production';
process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
