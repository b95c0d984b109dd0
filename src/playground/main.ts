// The page entry: starts the app once the document is parsed.
import { App } from './app.js';

new App();
