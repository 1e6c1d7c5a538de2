export default function setup(): never {
  throw new Error('global setup fails on purpose');
}
