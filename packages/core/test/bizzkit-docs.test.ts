import { describe, expect, it } from 'vitest';
import { docsRegion, vendorDoc } from './support/bizzkit-fixtures.js';

describe('docs/vendors/bizzkit.md', () => {
  it('shows the typechecked setup of test/support/bizzkit-docs.ts verbatim', () => {
    const snippet = docsRegion('bizzkit-docs.ts');
    expect(snippet).toContain('bizzkit({');
    expect(vendorDoc('bizzkit.md')).toContain(`\`\`\`ts\n${snippet}\`\`\``);
  });
});
