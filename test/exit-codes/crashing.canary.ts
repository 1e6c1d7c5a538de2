import { it } from 'vitest';

it('throws outside any test function', async () => {
  setTimeout(() => {
    throw new Error('crash on purpose');
  }, 0);
  await new Promise((resolve) => setTimeout(resolve, 50));
});
