// `npm start`: the app on http://127.0.0.1:3000 (PORT), with the plugins of ./plugins (PLUGINS_FOLDER) and the
// notes example as its agent, whose notes come from ./notes.json (NOTES_FILE), e.g. {"bio.björk": "..."}.
import { existsSync, readFileSync } from 'node:fs';
import { startApp } from './app.mjs';

const notesFile = process.env.NOTES_FILE ?? './notes.json';
const app = await startApp({
  port: Number(process.env.PORT ?? 3000),
  host: {
    pluginsFolder: process.env.PLUGINS_FOLDER ?? './plugins',
    dataFolder: process.env.DATA_FOLDER ?? './data',
    agents: ['notes'],
    pluginConfig: { notes: existsSync(notesFile) ? JSON.parse(readFileSync(notesFile, 'utf8')) : {} },
  },
});
console.log(`listening on ${app.url}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close());
