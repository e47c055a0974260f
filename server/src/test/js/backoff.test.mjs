import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffCeiling, backoffDelay } from '../../main/resources/web/js/realtime/backoff.js';
import { seededRandom } from './fakes.mjs';

const almostOne = () => 1 - Number.EPSILON;

test('the first retry waits at most one second', () => {
  assert.equal(backoffCeiling(0), 1000);
  assert.equal(backoffDelay(0, { random: () => 0 }), 0);
  assert.ok(backoffDelay(0, { random: almostOne }) < 1000);
});

test('the ceiling doubles per attempt until it reaches the 30 second cap', () => {
  const ceilings = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeiling(n));
  assert.deepEqual(ceilings, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('every delay lies within zero and the ceiling of its attempt', () => {
  const random = seededRandom(1);
  for (let attempt = 0; attempt < 40; attempt++) {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(attempt, { random });
      assert.ok(delay >= 0 && delay < backoffCeiling(attempt), `attempt ${attempt}: ${delay}`);
      assert.ok(Number.isInteger(delay));
    }
  }
});

test('huge, negative or missing attempt numbers stay finite and bounded', () => {
  assert.equal(backoffCeiling(10_000), 30000);
  assert.equal(backoffCeiling(Infinity), 1000);
  assert.equal(backoffCeiling(-3), 1000);
  assert.equal(backoffCeiling(2.7), 4000);
  assert.ok(backoffDelay(1e9, { random: almostOne }) < 30000);
});

test('base and cap can be tuned', () => {
  assert.deepEqual([0, 1, 2, 3].map((n) => backoffCeiling(n, { baseMs: 250, capMs: 1500 })), [250, 500, 1000, 1500]);
});

test('full jitter spreads delays uniformly over the whole window', () => {
  const random = seededRandom(42);
  const samples = Array.from({ length: 20_000 }, () => backoffDelay(3, { random }));
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  assert.ok(Math.abs(mean - 4000) < 80, `mean ${mean}`);
  const buckets = new Array(10).fill(0);
  for (const s of samples) buckets[Math.floor(s / 800)]++;
  for (const count of buckets) assert.ok(Math.abs(count - 2000) < 200, `buckets ${buckets}`);
  assert.ok(Math.min(...samples) < 50, 'some retries come almost at once');
  assert.ok(Math.max(...samples) > 7950, 'some wait nearly the whole window');
});

test('the delay is a pure function of the attempt and the random draw', () => {
  assert.equal(backoffDelay(4, { random: () => 0.5 }), 8000);
  assert.equal(backoffDelay(4, { random: () => 0.5 }), 8000);
});
