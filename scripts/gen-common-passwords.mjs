#!/usr/bin/env node
// Writes data-assets/passwords/common.txt: passwords of 12 or more characters
// that guessers try first, built from base words and the ways people pad them
// (years, digits, "!"), plus keyboard walks and digit runs. Shorter ones are
// refused by the length rule anyway. The word list below was written for this
// project (public domain, CC0); rerun after editing it:
//   node scripts/gen-common-passwords.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BASES = [
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  '1q2w3e4r',
  '1qaz2wsx',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'soccer',
  'sunshine',
  'princess',
  'master',
  'shadow',
  'superman',
  'batman',
  'trustno1',
  'whatever',
  'starwars',
  'computer',
  'internet',
  'changeme',
  'secret',
  'default',
  'login',
  'access',
  'hello',
  'freedom',
  'michael',
  'jennifer',
  'charlie',
  'liverpool',
  'chelsea',
  'arsenal',
  'barcelona',
  'realmadrid',
  'samsung',
  'google',
  'microsoft',
  'summer',
  'winter',
  'spring',
  'autumn',
  'january',
  'december',
  'azerbaijan',
  'azerbaycan',
  'baku',
  'qarabag',
  'karabakh',
  'shusha',
  'korea',
  'seoul',
  'russia',
  'moscow',
  'turkey',
  'istanbul',
  'parol',
  'sifre',
  'salam',
  'privet',
  'sarang',
  'saranghae',
  'tender',
  'procurement',
  'contract',
];
const SUFFIXES = [
  '',
  '1',
  '12',
  '123',
  '1234',
  '12345',
  '123456',
  '!',
  '1!',
  '123!',
  '@123',
  '#1',
  '01',
  '007',
  '69',
  '99',
  '2020',
  '2021',
  '2022',
  '2023',
  '2024',
  '2025',
  '2026',
  '2027',
];
const RUNS = [
  '123456789012',
  '1234567890123',
  '12345678901234',
  '111111111111',
  '000000000000',
  '123123123123',
  '121212121212',
  '987654321098',
  'qwertyuiopas',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'q1w2e3r4t5y6',
  'aaaaaaaaaaaa',
  'abcdefghijkl',
  'abcd1234abcd',
  'passwordpassword',
  'qwertyqwerty',
  'asdfasdfasdf',
  'iloveyouiloveyou',
  'correcthorsebatterystaple',
  'correct horse battery staple',
];

const out = new Set();
for (const b of BASES) {
  for (const w of new Set([b, b[0].toUpperCase() + b.slice(1), b + b])) {
    for (const s of SUFFIXES) {
      const p = w + s;
      if ([...p].length >= 12) out.add(p.toLowerCase());
    }
  }
}
for (const r of RUNS) out.add(r.toLowerCase());

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'data-assets/passwords/common.txt');
fs.writeFileSync(file, [...out].sort().join('\n') + '\n');
console.log(`${out.size} passwords → ${path.relative(root, file)}`);
