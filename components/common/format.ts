/** The display formatting lives in lib/ (digests and alerts format figures too); views import it from here. */
export * from '@/lib/format';
