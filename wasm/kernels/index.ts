// Entry of the kernel module: every export here is a kernel the JS side calls.
export { gemm } from './gemm';
