import { describe, expect, it } from 'vitest';
import { compactNames } from '../../plan/compact-names';

describe('compactNames', () => {
  it('collapses runs of three or more, keeps zero padding, and lists the rest', () => {
    expect(compactNames(['h-0003', 'h-0001', 'h-0002', 'h-0007', 'h-0008', 'acme', 'g-10'])).toEqual(['acme', 'g-10', 'h-{0001..0003}', 'h-0007, h-0008']);
  });

  it('varies the last number, keeping what follows it', () => {
    expect(compactNames(['s/h-0769-user-data', 's/h-0770-user-data', 's/h-0771-user-data', 's/h-0771-bmc'])).toEqual(['s/h-{0769..0771}-user-data', 's/h-0771-bmc']);
  });
});
