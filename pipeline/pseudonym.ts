import { createHmac } from 'node:crypto';

/** Keyed pseudonym of an employee: HMAC-SHA256 over company id and employee id (ids are only
 * unique within a client company). The raw id never reaches the store. */
export function pseudonymise(key: string, companyId: string, employeeId: string): string {
  return createHmac('sha256', key).update(`${companyId}\u0000${employeeId}`).digest('hex');
}
