// Shared helpers of the browser adapter tests that run in Node.
export { expectRejectsNoLeak as expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';
