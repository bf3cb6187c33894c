import { describe, expect, it } from 'vitest';
import { docsRegion, vendorDoc } from './support/bizzkit-fixtures.js';

describe('docs/vendors/akeneo.md', () => {
  it('shows the typechecked setup of test/support/akeneo-docs.ts verbatim', () => {
    const snippet = docsRegion('akeneo-docs.ts');
    expect(snippet).toContain('akeneo({');
    expect(vendorDoc('akeneo.md')).toContain(`\`\`\`ts\n${snippet}\`\`\``);
  });
});
