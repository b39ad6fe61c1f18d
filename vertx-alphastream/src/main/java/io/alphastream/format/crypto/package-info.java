/**
 * ASVR cryptography (FORMAT.md section 6): scrypt key derivation with a per-(passphrase, salt) cache
 * ({@link io.alphastream.format.crypto.PassphraseKeys}), the ChaCha20 stream cipher with per-region key
 * ids ({@link io.alphastream.format.crypto.FrameCipher}), and where passphrases come from
 * ({@link io.alphastream.format.crypto.Passphrases}). Nothing here logs, and no message contains
 * passphrase or key bytes.
 */
package io.alphastream.format.crypto;
