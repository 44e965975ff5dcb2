'use strict';

/**
 * The README's install section, read as data: `npm run fresh-app` runs the create-strapi-app
 * command and adds the plugins entry that the README shows, so the two cannot drift apart. Each
 * block is the fenced code block right after an HTML comment `<!-- fresh-app: NAME -->`.
 */
const fs = require('fs');
const path = require('path');

const README = path.resolve(__dirname, '..', 'README.md');

/** The body of the fenced block after `<!-- fresh-app: name -->`; throws when there is none. */
const markedBlock = (readme, name) => {
  const marker = `<!-- fresh-app: ${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  if (readme.indexOf(marker, at + marker.length) >= 0) {
    throw new Error(`README.md has ${marker} twice`);
  }
  // Only blank lines may stand between the marker and its block.
  const block = /^\s*```[^\n]*\n([\s\S]*?)\n```/.exec(readme.slice(at + marker.length));
  if (!block) throw new Error(`no fenced code block right after ${marker} in README.md`);
  return block[1];
};

/**
 * `npx [--yes] create-strapi-app@<version> <app> <flags…>`: the one command of the block, split
 * into the package spec, its version, the app's name and the flags (no shell quoting is used).
 */
const parseCreate = (block) => {
  const lines = block.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  if (lines.length !== 1) {
    throw new Error(`the create block must hold one command, not ${lines.length} lines`);
  }
  const words = lines[0].trim().split(/\s+/);
  if (words[0] !== 'npx') throw new Error(`the create command must start with npx: ${lines[0]}`);
  const npxFlags = [];
  let i = 1;
  while (words[i]?.startsWith('-')) npxFlags.push(words[i++]);
  const spec = /^create-strapi-app@(\d+\.\d+\.\d+)$/.exec(words[i] ?? '');
  if (!spec) {
    throw new Error(`the create command must name create-strapi-app@<x.y.z>: ${words[i]}`);
  }
  const appName = words[i + 1];
  if (!appName || appName.startsWith('-')) {
    throw new Error(`the create command names no app directory before its flags: ${lines[0]}`);
  }
  const flags = words.slice(i + 2);
  const stray = flags.filter((flag) => !flag.startsWith('--'));
  if (stray.length) throw new Error(`the create command has non-flag words: ${stray.join(' ')}`);
  return { npxFlags, version: spec[1], appName, flags };
};

/**
 * The `journey: { … }` entry of the plugins block, dedented, from its first line to the line
 * that closes it at the same indentation.
 */
const parsePluginsEntry = (block) => {
  const lines = block.split('\n');
  const start = lines.findIndex((line) => /^\s*journey:\s*\{\s*$/.test(line));
  if (start < 0) throw new Error('the plugins block has no `journey: {` line');
  const indent = /^\s*/.exec(lines[start])[0];
  const end = lines.findIndex((line, at) => at > start && line === `${indent}},`);
  if (end < 0) throw new Error(`the plugins block does not close journey with "${indent}},"`);
  return lines
    .slice(start, end + 1)
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
};

/** Both blocks of the README (or of the text given), parsed. */
const readInstall = (readme = fs.readFileSync(README, 'utf8')) => ({
  create: parseCreate(markedBlock(readme, 'create')),
  pluginsEntry: parsePluginsEntry(markedBlock(readme, 'plugins')),
});

module.exports = { readInstall, markedBlock, parseCreate, parsePluginsEntry };
