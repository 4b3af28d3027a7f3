package org.snnaudio.core.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerTest {
    @Test
    void layoutIsMagicVersionLengthPayloadCrc() {
        byte[] payload = {9, 8, 7};
        byte[] b = Container.encode("TESTMAGC", 3, payload);
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertEquals(8 + 4 + 8 + 3 + 4, b.length);
        assertEquals("TESTMAGC", new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(3, buf.getInt(8));
        assertEquals(3L, buf.getLong(12));
        assertArrayEquals(payload, java.util.Arrays.copyOfRange(b, 20, 23));
        CRC32 crc = new CRC32();
        crc.update(b, 0, 23);
        assertEquals((int) crc.getValue(), buf.getInt(23));
        Container.Contents c = Container.decode(b, "mem", "TESTMAGC", "test", 3);
        assertEquals(3, c.version());
        assertArrayEquals(payload, c.payload());
    }

    @Test
    void olderVersionsAreReadAndVersionZeroIsNot() {
        assertEquals(1, Container.decode(Container.encode("TESTMAGC", 1, new byte[0]), "m", "TESTMAGC", "test", 4).version());
        var e = assertThrows(org.snnaudio.core.SnnaudioException.class,
                () -> Container.decode(Container.encode("TESTMAGC", 0, new byte[0]), "m", "TESTMAGC", "test", 4));
        assertTrue(e.getMessage().contains("has format version 0, this snnaudio reads versions 1 to 4"), e.getMessage());
    }

    @Test
    void magicMustBeEightAsciiCharacters() {
        var e = assertThrows(IllegalArgumentException.class, () -> Container.encode("SHORT", 1, new byte[0]));
        assertEquals("magic must be 8 ASCII characters, got 'SHORT'", e.getMessage());
    }

    @Test
    void aCorruptLengthCannotOverflow() {
        for (long bad : new long[] {-1, Long.MAX_VALUE, Long.MAX_VALUE - 10, 4}) {
            byte[] b = Container.encode("TESTMAGC", 1, new byte[] {1, 2, 3});
            ByteBuffer.wrap(b).putLong(12, bad);
            var e = assertThrows(org.snnaudio.core.SnnaudioException.class, () -> Container.decode(b, "f.bin", "TESTMAGC", "test", 1));
            assertEquals("test file f.bin is truncated (27 bytes, the header announces a payload of " + bad + " bytes)",
                    e.getMessage());
        }
    }
}
